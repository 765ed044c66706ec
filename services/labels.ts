/** How the spreadsheets and documents the server writes name the codes of the data (one place for all of them). */
import type { CardColor } from '../supervision/cards';
import type { Light } from '../supervision/lights';
import type { MatterSource, ReportingPeriod } from '../supervision/matter-data';

export const SOURCE_LABELS: Record<MatterSource, string> = {
  meeting: '会议交办',
  instruction: '领导批示',
  document: '文件交办',
  superior: '上级下发',
  other: '其他',
};
export const PERIOD_LABELS: Record<ReportingPeriod, string> = { weekly: '每周', monthly: '每月', quarterly: '每季度' };
export const STATUS_LABELS: Record<string, string> = { draft: '草稿', running: '办理中', completed: '已办结', terminated: '已终止', failed: '异常' };
export const LIGHT_LABELS: Record<Light, string> = { white: '白灯', blue: '蓝灯', green: '绿灯', yellow: '黄灯', red: '红灯' };
export const CARD_LABELS: Record<CardColor, string> = { green: '绿牌', yellow: '黄牌', red: '红牌' };

/** A code's label, or the code itself where it has none. */
export function labelOrCode<T extends string>(labels: Record<T, string>, code: string): string {
  return labels[code as T] ?? code;
}
