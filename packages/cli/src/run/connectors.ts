/** Connector implementations are found by package name; the lookup lives in the SDK. */
export { loadConnector, UnknownConnectorError } from "@onespec/sdk";
