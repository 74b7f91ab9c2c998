export {
  numberedPlaceholders,
  postgresCatalog,
  postgresDriver,
  type PostgresSinkOptions,
} from "./postgres-catalog.js";
