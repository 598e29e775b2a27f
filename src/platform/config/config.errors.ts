/** A configuration problem that stops the process at start-up with one readable line. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}
