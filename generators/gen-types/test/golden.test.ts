import { goldenSuite } from "@onespec/test-fixtures/golden";
import typesGenerator from "../src/index.js";

goldenSuite(typesGenerator);
