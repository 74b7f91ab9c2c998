// What loadConnector (@onespec/sdk) reads from a connector package: its `connector`.
export { mysqlConnector as connector } from "./connector.js";
