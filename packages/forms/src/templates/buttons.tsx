/** Array and object buttons as words ("Add item", "Remove"), not Bootstrap glyph icons. */
import { getUiOptions, type IconButtonProps } from "@rjsf/utils";

function TextButton(props: IconButtonProps & { text: string; kind: string }) {
  const { text, kind, icon: _icon, iconType: _iconType, uiSchema: _ui, registry: _registry, className, ...rest } = props;
  return (
    <button type="button" className={`onespec-button onespec-button-${kind} ${className ?? ""}`} {...rest}>
      {text}
    </button>
  );
}

/** What the array template says the button adds ("Add include pattern"); "Add item" elsewhere. */
function addText(props: IconButtonProps): string {
  const label = getUiOptions(props.uiSchema).onespecAdd;
  return typeof label === "string" ? label : "Add item";
}

export const buttonTemplates = {
  AddButton: (props: IconButtonProps) => (
    <p className="onespec-add">
      <TextButton {...props} kind="add" text={addText(props)} title={undefined} />
    </p>
  ),
  RemoveButton: (props: IconButtonProps) => <TextButton {...props} kind="remove" text="Remove" />,
  MoveUpButton: (props: IconButtonProps) => <TextButton {...props} kind="up" text="↑" aria-label="Move up" />,
  MoveDownButton: (props: IconButtonProps) => <TextButton {...props} kind="down" text="↓" aria-label="Move down" />,
  CopyButton: (props: IconButtonProps) => <TextButton {...props} kind="copy" text="Copy" />,
};
