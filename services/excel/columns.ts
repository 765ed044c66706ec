/**
 * The matters workbook: its sheets, the columns of the sheet 督办事项 (one per standard data element,
 * `key` naming the element as the data-quality rules do) and how many rows one import takes. The
 * import reads these columns, the template offers them, and the ledger heads its columns with their titles.
 */
import { PERIOD_LABELS, SOURCE_LABELS } from '../labels';
import { DATE_NOTE, SEPARATOR_NOTE } from './cells';

export const MATTER_SHEET = '督办事项';
export const NOTES_SHEET = '说明';
export const LISTS_SHEET = '选项';
export const DEFAULT_PROCESS_KEY = 'supervision-basic';
/**
 * One import registers at most this many matters: each starts a workflow while the request waits
 * (about 35 s for a thousand at the measured 28.8 starts/s). The reader stops at the matter after it.
 */
export const MAX_IMPORT_ROWS = 1000;
/** Rows read in the sheet, blank ones included: a sheet of a million blank rows is refused at this row. */
export const MAX_SCANNED_ROWS = 10 * MAX_IMPORT_ROWS;

/** A column of the import sheet; `key` is the data element's field path as the rules name it. */
export interface ImportColumn {
  key: ImportKey;
  header: string;
  required: boolean;
  width: number;
  note: string;
  date?: boolean;
}

export type ImportKey =
  | 'title'
  | 'source'
  | 'type'
  | 'assignedDate'
  | 'deadline'
  | 'assigner'
  | 'area'
  | 'leadUnit'
  | 'coUnits'
  | 'leader'
  | 'target.indicator'
  | 'target.measure'
  | 'target.value'
  | 'reportingPeriod'
  | 'tags'
  | 'processKey';

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { key: 'title', header: '事项名称', required: true, width: 36, note: '2 至 200 字；同一文件中不得重复' },
  { key: 'source', header: '事项来源', required: true, width: 12, note: `可选：${Object.values(SOURCE_LABELS).join('、')}` },
  { key: 'type', header: '事项类型', required: true, width: 14, note: '如 项目建设类、指标类（至多 50 字）' },
  { key: 'assignedDate', header: '交办日期', required: true, width: 13, note: `${DATE_NOTE}；不晚于今天`, date: true },
  { key: 'deadline', header: '办结时限', required: true, width: 13, note: `${DATE_NOTE}；不早于交办日期`, date: true },
  { key: 'assigner', header: '交办人', required: true, width: 18, note: '交办的会议、领导或文件，如 县政府常务会议' },
  { key: 'area', header: '责任区域', required: false, width: 12, note: '如 城关镇；可空' },
  { key: 'leadUnit', header: '牵头单位', required: true, width: 24, note: `单位名称或编码（见“${LISTS_SHEET}”表）` },
  { key: 'coUnits', header: '配合单位', required: false, width: 30, note: `单位名称或编码，${SEPARATOR_NOTE}；不含牵头单位；可空` },
  { key: 'leader', header: '分管领导', required: false, width: 14, note: '领导的用户名或姓名；可空' },
  { key: 'target.indicator', header: '量化指标', required: false, width: 16, note: '如 新建停车位；量化指标、计量单位、目标值三列都填或都空' },
  { key: 'target.measure', header: '计量单位', required: false, width: 10, note: '如 个、公里、万元' },
  { key: 'target.value', header: '目标值', required: false, width: 10, note: '大于 0 的数' },
  { key: 'reportingPeriod', header: '填报周期', required: true, width: 10, note: `可选：${Object.values(PERIOD_LABELS).join('、')}` },
  { key: 'tags', header: '标签', required: false, width: 18, note: `至多 10 个，每个至多 20 字，${SEPARATOR_NOTE}；可空` },
  { key: 'processKey', header: '流程', required: false, width: 18, note: `督办流程的编码（见“${LISTS_SHEET}”表）；留空为 ${DEFAULT_PROCESS_KEY}` },
];

export const COLUMN_OF = new Map(IMPORT_COLUMNS.map((c) => [c.key, c]));
