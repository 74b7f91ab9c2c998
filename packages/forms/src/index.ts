export {
  ConnectionForm,
  type ConnectionFormHandle,
  type ConnectionFormProps,
  type ConnectorFormConfig,
  type Config,
} from "./connection-form.js";
export { focusField, fieldIdOf } from "./focus.js";
export { humanizeKey } from "./labels.js";
