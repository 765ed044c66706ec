import type { CardColor } from '../../supervision/cards';
import type { Light } from './api/types';

/** The colours of the five lights and the three cards, the same in dots, tags and charts. */
export const lightColors: Record<Light, string> = {
  white: '#d9d9d9',
  blue: '#1677ff',
  green: '#52c41a',
  yellow: '#faad14',
  red: '#f5222d',
};

export const cardColors: Record<CardColor, string> = {
  green: '#52c41a',
  yellow: '#faad14',
  red: '#f5222d',
};
