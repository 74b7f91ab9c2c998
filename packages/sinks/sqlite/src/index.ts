export { sqliteCatalog, sqliteDriver } from "./sqlite-catalog.js";
