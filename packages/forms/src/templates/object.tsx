/**
 * Objects. The form's root is laid out by the groups the generated uiSchema declares
 * (`ui:options.groups`): one section per group, in order. Inside a section, optional fields
 * that are not marked `always_show` go under a collapsed "Advanced" part; the group called
 * "advanced" is collapsed as a whole. A collapsed part opens by itself when a field in it has
 * an error or holds a value other than its default (editing a saved connection).
 * Nested objects are plain fieldsets.
 */
import { useEffect, useMemo, useState, type ReactNode } from "react";
import {
  deepEquals,
  getUiOptions,
  type ErrorSchema,
  type ObjectFieldTemplateProps,
  type ObjectFieldTemplatePropertyType,
  type UiSchema,
} from "@rjsf/utils";
import { getDefaultRegistry } from "@rjsf/core";

const DefaultObjectFieldTemplate = getDefaultRegistry().templates.ObjectFieldTemplate;

interface UiGroup {
  id: string;
  title: string;
  fields: string[];
  collapsed?: boolean;
}

function hasErrors(errors: ErrorSchema | undefined): boolean {
  if (!errors || typeof errors !== "object") return false;
  for (const [key, value] of Object.entries(errors)) {
    if (key === "__errors" ? Array.isArray(value) && value.length > 0 : hasErrors(value)) return true;
  }
  return false;
}

function alwaysShown(uiSchema: UiSchema | undefined, name: string): boolean {
  return getUiOptions(uiSchema?.[name] as UiSchema | undefined).alwaysShow === true;
}

/** A field whose value differs from what the form fills in by itself. */
function isCustomised(defaults: unknown, formData: unknown, name: string): boolean {
  const at = (data: unknown) =>
    data && typeof data === "object" ? (data as Record<string, unknown>)[name] : undefined;
  const value = at(formData);
  if (value === undefined) return false;
  const fallback = at(defaults);
  if (fallback === undefined && (value === false || (Array.isArray(value) && value.length === 0))) return false;
  return !deepEquals(value, fallback);
}

function Collapsible(props: {
  id: string;
  title: string;
  className: string;
  startOpen: boolean;
  forceOpen: boolean;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(props.startOpen || props.forceOpen);
  useEffect(() => {
    if (props.forceOpen) setOpen(true);
  }, [props.forceOpen]);
  return (
    <details
      className={props.className}
      id={props.id}
      open={open}
      onToggle={(event) => setOpen((event.currentTarget).open)}
    >
      <summary>{props.title}</summary>
      <div className="onespec-collapsible-body">{props.children}</div>
    </details>
  );
}

/**
 * A section title inside a sentence: "Authentication" → "authentication", "SSL & SSH Tunnel" →
 * "SSL & SSH tunnel" (acronyms stay). Each section's optional fields are "More … settings": one
 * "Advanced" per form (the group of that name), not one per section.
 */
export function inSentence(title: string): string {
  return title
    .split(" ")
    .map((w) => (/^[A-Z][a-z]+$/.test(w) ? w.toLowerCase() : w))
    .join(" ");
}

function GroupedRoot(props: ObjectFieldTemplateProps & { groups: UiGroup[] }) {
  const { groups, properties, schema, uiSchema, formData, errorSchema, description, registry } = props;
  const placed = new Set<string>();
  const required = new Set(schema.required ?? []);
  const visible = (p: ObjectFieldTemplatePropertyType | undefined): p is ObjectFieldTemplatePropertyType =>
    p !== undefined && !p.hidden;
  const errorsIn = (names: string[]) =>
    names.some((n) => hasErrors((errorSchema as Record<string, ErrorSchema> | undefined)?.[n]));
  // What an empty form holds: a field still at it has not been touched.
  const defaults = useMemo(() => registry.schemaUtils.getDefaultFormState(schema, undefined), [registry.schemaUtils, schema]);
  const customisedIn = (names: string[]) => names.some((n) => isCustomised(defaults, formData, n));

  // Fields no group claims (hidden ones, or a schema without groups for some) go first.
  const sections: ReactNode[] = [];
  for (const group of groups) {
    const members = properties.filter((p) => group.fields.includes(p.name));
    members.forEach((p) => placed.add(p.name));
    const shown = members.filter(visible);
    if (shown.length === 0) continue;
    const sectionId = `onespec-group-${group.id}`;
    if (group.collapsed) {
      const names = shown.map((p) => p.name);
      sections.push(
        <Collapsible
          key={group.id}
          id={sectionId}
          title={group.title}
          className="onespec-group onespec-collapsed-group"
          startOpen={customisedIn(names)}
          forceOpen={errorsIn(names)}
        >
          {shown.map((p) => p.content)}
        </Collapsible>,
      );
      continue;
    }
    const main = shown.filter((p) => required.has(p.name) || alwaysShown(uiSchema, p.name));
    const optional = shown.filter((p) => !main.includes(p));
    const optionalNames = optional.map((p) => p.name);
    sections.push(
      <section key={group.id} className="onespec-group" id={sectionId} aria-labelledby={`${sectionId}-title`}>
        <h3 id={`${sectionId}-title`}>{group.title}</h3>
        {main.map((p) => p.content)}
        {optional.length > 0 && (
          <Collapsible
            id={`${sectionId}-advanced`}
            title={`More ${inSentence(group.title)} settings`}
            className="onespec-advanced"
            startOpen={customisedIn(optionalNames)}
            forceOpen={errorsIn(optionalNames)}
          >
            {optional.map((p) => p.content)}
          </Collapsible>
        )}
      </section>,
    );
  }
  const rest = properties.filter((p) => !placed.has(p.name) && !p.hidden);
  // Hidden fields carry a value but take no room; they go last whatever their group.
  const hidden = properties.filter((p) => p.hidden);
  const Description = registry.templates.DescriptionFieldTemplate;
  return (
    <div className="onespec-form-body" id={props.fieldPathId.$id}>
      {description && (
        <Description
          id={`${props.fieldPathId.$id}__description`}
          description={description}
          schema={schema}
          uiSchema={uiSchema}
          registry={registry}
        />
      )}
      {rest.map((p) => p.content)}
      {sections}
      {hidden.map((p) => p.content)}
    </div>
  );
}

export function ObjectFieldTemplate(props: ObjectFieldTemplateProps) {
  const options = getUiOptions(props.uiSchema);
  const groups = Array.isArray(options.groups) ? (options.groups as UiGroup[]) : [];
  if (props.fieldPathId.path.length === 0 && groups.length > 0) return <GroupedRoot {...props} groups={groups} />;
  // The selected branch of a oneOf: the selector above already names it.
  if (options.onespecBranch === true) return <DefaultObjectFieldTemplate {...props} title="" />;
  // Titled like its section: the section's heading already says it.
  if (options.onespecSectionLabel === true)
    return <DefaultObjectFieldTemplate {...props} title="" />;
  return <DefaultObjectFieldTemplate {...props} />;
}
