export { postgresCatalog, type PostgresSinkOptions } from "./postgres-catalog.js";
