// Entry point: parse the stack config (all problems reported before any
// resource exists), build the migration, export what operators need.
import { loadStackConfig } from "./components/config";
import { Migration } from "./components/migration";

const config = loadStackConfig();
const migration = new Migration(`${config.project}-${config.stack}`, { config });

export const environment = config.environment;
export const migrationUrn = migration.urn;
