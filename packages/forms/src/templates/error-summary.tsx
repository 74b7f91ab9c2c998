/**
 * Every problem at the top of the form, each a button that moves focus to its field (opening a
 * collapsed section when needed). Inline errors under the fields say the same next to them.
 */
import type { ErrorListProps } from "@rjsf/utils";
import { fieldIdOf, focusField } from "../focus.js";

export function ErrorSummary({ errors, registry }: ErrorListProps) {
  const idPrefix = registry.globalFormOptions?.idPrefix ?? "root";
  const count = errors.length;
  return (
    <div className="onespec-error-summary" role="alert" aria-labelledby="onespec-error-summary-title">
      <h3 id="onespec-error-summary-title">
        {count === 1 ? "1 problem to fix" : `${count} problems to fix`}
      </h3>
      <ul>
        {errors.map((error, i) => (
          <li key={`${error.property ?? ""}-${error.name ?? ""}-${i}`}>
            <button type="button" className="onespec-link" onClick={() => focusField(fieldIdOf(error, idPrefix))}>
              {error.stack}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
