import { SurveyResponse } from '../surveys/survey-response.entity';
import { DraftNumber } from './draft-number.entity';
import { OutboxSender } from './outbox-sender.entity';

/** Tables of outbox delivery (throttle, morning-list numbers) and of the satisfaction survey. */
export const deliveryEntities = [OutboxSender, DraftNumber, SurveyResponse];
