/**
 * A config value the schema gives a default, read from the config `parse` returned. parse fills
 * in the schema's defaults (fillDefaults), so connector code writes no default of its own: the
 * schema is the one place a default is written. A value missing here means the config never went
 * through parse, a bug in the caller, reported as one rather than papered over.
 */
export function defaulted<Config extends object, Key extends keyof Config & string>(
  config: Config,
  key: Key,
): Exclude<Config[Key], undefined> {
  const value = config[key];
  if (value === undefined)
    throw new Error(
      `the config has no ${key}: it was not parsed (the connector's parse fills in the schema's default)`,
    );
  return value as Exclude<Config[Key], undefined>;
}
