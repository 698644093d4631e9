export function findChromium(): Promise<string | undefined>;
export const installHint: string;
