// What loadConnector (@onespec/sdk) reads from a connector package: its `connector`.
export { sqliteConnector as connector } from "./connector.js";
