import { useState } from 'preact/hooks';

export interface LoginProps {
  error?: string;
  onToken(value: string): void;
}

/** Sign in with the agent token; it is kept for this tab only. */
export function Login({ error, onToken }: LoginProps) {
  const [value, setValue] = useState('');
  return (
    <form
      class="login"
      onSubmit={(event) => {
        event.preventDefault();
        if (value.trim()) onToken(value.trim());
      }}
    >
      <h1>Switchboard inbox</h1>
      <label for="agent-token">Agent token</label>
      <input id="agent-token" type="password" autocomplete="current-password" value={value} onInput={(event) => setValue(event.currentTarget.value)} required />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button class="action primary">Sign in</button>
    </form>
  );
}
