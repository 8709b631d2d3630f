import { SurveyResponse } from './survey-response.entity';

/** Tables of the satisfaction survey. */
export const surveyEntities = [SurveyResponse];
