import { goldenSuite } from "@onespec/test-fixtures/golden";
import docsGenerator from "../src/index.js";

goldenSuite(docsGenerator);
