// The form-level problem line: what this window found wrong before anything was sent (two passwords
// that differ, a missing choice), announced where it happened. A refusal from the server is
// ErrorMessage's; a problem with one field is shown under that field.
export function FormProblem({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div className="error" role="alert">
      {text}
    </div>
  );
}
