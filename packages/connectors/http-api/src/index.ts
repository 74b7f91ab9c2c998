// What loadConnector (@onespec/sdk) reads from a connector package: its `connector`.
export { httpApiConnector as connector } from "./connector.js";
