export { sqliteCatalog } from "./sqlite-catalog.js";
