/** How the spreadsheets and documents the server writes show instants, months and colours (one copy of each). */
import type { Month } from '../supervision/calendar';
import type { Light } from '../supervision/lights';

/** A local date and time, 2026-11-23 21:30. */
export function localDateTime(instant: number, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(instant);
}

/** 2026年11月. */
export const monthLabel = (month: Month) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

/** The colour of a light, and of the card of the same colour, as on the board (RGB hex); white is not shaded. */
export const SHADES: Record<Light, string | undefined> = { white: undefined, blue: '91CAFF', green: 'B7EB8F', yellow: 'FFE58F', red: 'FFA39E' };
/** The shade of a table's header row. */
export const HEADER_SHADE = 'E6F4FF';
