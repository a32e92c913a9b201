/**
 * A page's or form's error, announced as soon as it shows (role="alert"); nothing while there is
 * none. `warningSign` puts "⚠" before the message, as the forms that mark their errors do.
 */
export function ErrorAlert({ message, warningSign = false }: { message: string | null | undefined; warningSign?: boolean }) {
  if (!message) return null;
  return (
    <p role="alert" className="field-error">
      {warningSign ? `⚠ ${message}` : message}
    </p>
  );
}
