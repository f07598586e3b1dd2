import type { MessageKey } from '../i18n/messages-en.ts';
import type { ForecastRangeLabels } from './options/forecast-range-chart.ts';
import type { ChartFormat, FunnelChartLabels } from './options/funnel-chart.ts';
import type { WinRatesChartLabels } from './options/win-rates-chart.ts';

/** The UI's translation function (`app.t`). */
type Translate = (key: MessageKey) => string;

/** The words of the funnel chart, in the UI's language: live in the Funnel, published alike. */
export function funnelChartLabels(
  t: Translate,
  stageNames: readonly string[],
  format: ChartFormat,
): FunnelChartLabels {
  return {
    stageNames,
    won: t('status.won'),
    reached: t('funnel.table.reached'),
    amount: t('funnel.table.amount'),
    withoutAmount: t('chart.withoutAmount'),
    passed: t('chart.passed'),
    lostAt: t('funnel.table.lost'),
    openAt: t('funnel.table.open'),
    medianDays: t('chart.medianDays'),
    ofPrevious: t('chart.ofPrevious'),
    ofFirst: t('chart.ofFirst'),
    format,
  };
}

export function winRatesChartLabels(
  t: Translate,
  stageNames: readonly string[],
  format: ChartFormat,
): WinRatesChartLabels {
  return {
    stageNames,
    observed: t('rates.observed'),
    interval: t('rates.interval'),
    preset: t('rates.preset'),
    calibrated: t('rates.calibrated'),
    closed: t('rates.closed'),
    format,
  };
}

export function forecastRangeLabels(t: Translate, format: ChartFormat): ForecastRangeLabels {
  return {
    weighted: t('forecast.weighted'),
    mean: t('forecast.range.mean'),
    p10: t('forecast.range.p10'),
    p50: t('forecast.range.p50'),
    p90: t('forecast.range.p90'),
    range: t('forecast.range.band'),
    format,
  };
}
