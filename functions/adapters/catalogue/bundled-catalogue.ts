/** The catalogue of the questionnaire files shipped with the code (validated by zod on load). */
import { questionnaireDocuments } from '../../../questionnaires/index';
import { Catalogue } from '../../core/catalogue/catalogue';

let cached: Catalogue | undefined;

export function loadCatalogue(): Catalogue {
  cached ??= new Catalogue(questionnaireDocuments);
  return cached;
}
