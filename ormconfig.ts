import { loadConfig } from './src/config';
import { createDataSource } from './src/db/data-source';

/** The DataSource the TypeORM CLI uses (`npm run migration:run`, `npm run migration:generate -- src/db/migrations/<Name>`). */
export default createDataSource(loadConfig().db);
