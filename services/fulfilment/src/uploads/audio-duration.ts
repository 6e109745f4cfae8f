export interface DurationVerdict {
  ok: boolean;
  /** Written for the expert: what the file lasts, what the level promises, and what is accepted. */
  message: string;
}

/** "4 min 05 s" */
export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return minutes > 0 ? `${minutes} min ${rest} s` : `${whole % 60} s`;
}

/** A recording may be a little shorter or longer than promised, not far from it. */
export function checkAudioDuration(seconds: number, promisedMinutes: number, tolerancePercent: number): DurationVerdict {
  const promised = promisedMinutes * 60;
  const slack = (promised * tolerancePercent) / 100;
  const [low, high] = [promised - slack, promised + slack];
  const range = `accepted: ${formatDuration(low)} to ${formatDuration(high)}`;
  if (seconds >= low && seconds <= high) return { ok: true, message: `${formatDuration(seconds)} (${range})` };
  return { ok: false, message: `The audio lasts ${formatDuration(seconds)}; this level promises ${formatDuration(promised)} (${range})` };
}

/**
 * The duration the file itself holds. `duration: true` makes the parser count MP3 frames when there is
 * no header giving it, so a file with a lying or missing header is measured rather than believed.
 * Null when the file cannot be parsed as audio or gives no duration.
 */
export async function readAudioDuration(path: string): Promise<number | null> {
  try {
    // Loaded on the first audio upload, not at start: most processes never read an audio file.
    const { parseFile } = await import('music-metadata');
    const metadata = await parseFile(path, { duration: true, skipCovers: true });
    const seconds = metadata.format.duration;
    return seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : null;
  } catch {
    return null;
  }
}
