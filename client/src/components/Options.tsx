/** A menu's choices as `<option>`s, in order: each its value and the text shown for it. */
export function Options({ choices }: { choices: readonly { value: string; label: string }[] }) {
  return (
    <>
      {choices.map((choice) => (
        <option key={choice.value} value={choice.value}>
          {choice.label}
        </option>
      ))}
    </>
  );
}
