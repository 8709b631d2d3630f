import { startHarness, type Harness } from '../support/harness';
import { onMysql } from '../support/test-db';

/**
 * The migrations build exactly the schema the entities describe, so `npm run migration:generate`
 * (which runs this same comparison) starts from a clean slate. On MySQL, TypeORM's comparison also
 * reports every nullable column as changed ("CHANGE `x` `x` … NULL"), a quirk of its MySQL driver,
 * and drops and re-creates the indexes over those columns as they were; those lines alone are
 * tolerated there.
 */
describe('schema built by the migrations', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ seed: false });
  });
  afterAll(async () => {
    await h.close();
  });

  it('matches the entities, so migration:generate has nothing to add', async () => {
    const sql = await h.laoke.ds.driver.createSchemaBuilder().log();
    const queries = sql.upQueries.map((q) => q.query);
    const recreated = (q: string) => {
      const drop = /^DROP INDEX `(\w+)`/.exec(q);
      const create = /^CREATE INDEX `(\w+)`/.exec(q);
      const name = drop?.[1] ?? create?.[1];
      return Boolean(name && queries.some((o) => o.startsWith(drop ? `CREATE INDEX \`${name}\`` : `DROP INDEX \`${name}\``)));
    };
    const drift = onMysql() ? queries.filter((q) => !/^ALTER TABLE `\w+` CHANGE `(\w+)` `\1` .* NULL$/.test(q) && !recreated(q)) : queries;
    expect(drift).toEqual([]);
  });
});
