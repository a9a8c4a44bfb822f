import type { Child } from 'hono/jsx';

// Form building blocks shared by every form: a label, hint and error wired to the control
// with for/id and aria-describedby, so screen readers read the hint and the error with it.

export interface Message {
  text: string;
  problem: boolean;
}

/** A confirmation (role=status) or a problem (role=alert) at the top of a page. */
export function MessageBox(props: { message?: Message }) {
  const m = props.message;
  if (!m) return null;
  return (
    <div class={m.problem ? 'notice' : 'success'} role={m.problem ? 'alert' : 'status'}>
      <p>{m.text}</p>
    </div>
  );
}

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
}

/** The ids of a field's hint and error, for aria-describedby. */
export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/** Label, hint and error wired to the control with for/id and aria-describedby. */
export function Field(props: { id: string; label: Child; hint?: Child; error?: string; optional?: string; control: (a: ControlProps) => Child }) {
  const { id, hint, error } = props;
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>
        {props.label}
        {props.optional ? <span class="optional"> {props.optional}</span> : null}
      </label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {props.control({ id, 'aria-describedby': describedBy(id, hint, error), 'aria-invalid': error ? 'true' : undefined })}
    </div>
  );
}

/** A group of checkboxes with its legend, hint and error. */
export function CheckboxGroup(props: { id: string; legend: string; hint?: Child; error?: string; children: Child }) {
  const { id, hint, error } = props;
  return (
    <fieldset class={error ? 'field field--error checkboxes' : 'field checkboxes'} id={id} aria-describedby={describedBy(id, hint, error)}>
      <legend>{props.legend}</legend>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {props.children}
    </fieldset>
  );
}

export function Checkbox(props: { id: string; name: string; value: string; checked: boolean; label: string }) {
  return (
    <div class="checkbox">
      <input type="checkbox" id={props.id} name={props.name} value={props.value} checked={props.checked} />
      <label for={props.id}>{props.label}</label>
    </div>
  );
}
