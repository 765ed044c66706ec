import { Card, Col, Empty, Row } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { Board, Light } from '../../api/types';
import { text } from '../../i18n';
import { cardColors, lightColors } from '../../palette';
import { useIsPhone } from '../../useIsPhone';
import { byRank, chartPercent } from './board';

// Only the charts the board draws, so the page's bundle stays a fraction of all of echarts.
echarts.use([PieChart, BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, CanvasRenderer]);

const lightOrder: readonly Light[] = ['green', 'blue', 'yellow', 'red', 'white'];


function pie(slices: { name: string; value: number; color: string }[]) {
  return {
    tooltip: { trigger: 'item', formatter: `{b}${text.punctuation.colon}{c}${text.punctuation.paren('{d}%')}` },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        center: ['50%', '45%'],
        // An empty colour draws nothing, and a zero slice would only crowd the labels.
        data: slices.filter((slice) => slice.value > 0).map(({ name, value, color }) => ({ name, value, itemStyle: { color } })),
        label: { formatter: '{b} {c}' },
      },
    ],
  };
}

/** The board's four charts: lights and cards by colour, unit scores, and plan completion beside lights per unit. */
export default function BoardCharts({ board }: { board: Board }) {
  // Units past which the line chart scrolls sideways instead of squeezing every name in.
  const unitsInView = useIsPhone() ? 6 : 12;
  const units = byRank(board.units);
  const names = units.map((unit) => unit.name);
  const percentAxis = { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } };

  const lightsOption = pie(
    lightOrder.map((light) => ({ name: text.light.name[light], value: board.lights[light], color: lightColors[light] })),
  );
  const cardsOption = pie(
    (['green', 'yellow', 'red'] as const).map((card) => ({ name: text.card.name[card], value: board.cards[card], color: cardColors[card] })),
  );

  // Horizontal bars, best at the top: long unit names stay readable on a phone.
  const scoreOption = {
    tooltip: { trigger: 'axis', valueFormatter: (value: number | null) => (value === null ? '—' : `${value}%`) },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: percentAxis,
    yAxis: { type: 'category', data: [...names].reverse(), axisLabel: { width: 96, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        name: text.board.score,
        data: [...units].reverse().map((unit) => chartPercent(unit.score)),
        itemStyle: { color: lightColors.blue },
        label: { show: true, position: 'right', formatter: '{c}%' },
      },
    ],
  };

  const ratesOption = {
    tooltip: { trigger: 'axis', valueFormatter: (value: number | null) => (value === null ? '—' : `${value}%`) },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: names.length > unitsInView ? 40 : 8, containLabel: true },
    xAxis: { type: 'category', data: names, axisLabel: { rotate: 40, width: 72, overflow: 'truncate' } },
    yAxis: percentAxis,
    dataZoom: names.length > unitsInView ? [{ type: 'inside', endValue: unitsInView - 1 }, { type: 'slider', endValue: unitsInView - 1, height: 16, bottom: 8 }] : [],
    series: [
      {
        type: 'line',
        name: text.board.planCompletion,
        data: units.map((unit) => chartPercent(unit.planCompletion.value)),
        itemStyle: { color: lightColors.green },
      },
      {
        type: 'line',
        name: text.board.lightRate,
        data: units.map((unit) => chartPercent(unit.light.value)),
        itemStyle: { color: lightColors.blue },
      },
    ],
  };

  const chart = (option: object, height: number) => (
    <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} />
  );
  // A pie of nothing draws an empty ring; say so instead.
  const pieOrEmpty = (option: object, total: number) =>
    total > 0 ? chart(option, 280) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text.board.empty} />;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card size="small" title={text.board.lightsChart}>
          {pieOrEmpty(lightsOption, board.lights.total)}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={text.board.cardsChart}>
          {pieOrEmpty(cardsOption, board.cards.total)}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={text.board.scoreChart}>
          {chart(scoreOption, Math.max(240, names.length * 28 + 24))}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={text.board.ratesChart}>
          {chart(ratesOption, 320)}
        </Card>
      </Col>
    </Row>
  );
}
