/** Calendar dates as the organisation reads them (Asia/Shanghai), for the tests' expectations. */
import { localDateOf } from '../../supervision/calendar';
import { DEFAULT_SUPERVISION_CONFIG } from '../../supervision/config';

export const shanghaiDate = (at: number | Date): string => localDateOf(typeof at === 'number' ? at : at.getTime(), DEFAULT_SUPERVISION_CONFIG.timeZone);

export const shanghaiToday = (): string => shanghaiDate(Date.now());
