/** The data elements of a typical county matter (1,200 parking spaces), registered today, for tests that need one. */
import { shanghaiToday } from './dates';

export const parkingMatterData = () => ({
  source: 'meeting',
  type: '项目建设类',
  assignedDate: shanghaiToday(),
  deadline: '2030-12-31',
  assigner: '县政府常务会议',
  leadUnit: 'housing',
  coUnits: ['transport'],
  leader: 'leader',
  target: { indicator: '新建停车位', measure: '个', value: 1200 },
  reportingPeriod: 'monthly',
});
