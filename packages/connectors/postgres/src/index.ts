// What loadConnector (@onespec/sdk) reads from a connector package: its `connector`.
export { postgresConnector as connector } from "./connector.js";
