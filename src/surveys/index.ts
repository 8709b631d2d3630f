/** The surveys module's public face: the quarterly satisfaction survey. */
export { createSurveysModule, type SurveysModule, type SurveysModuleDeps } from './surveys.module';
export { SurveyService, type SatisfactionReport, type SurveyServiceDeps } from './survey.service';
export { surveyEntities } from './survey.entities';
export { SurveyResponse } from './survey-response.entity';
