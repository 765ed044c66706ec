import { Flex, Tooltip } from 'antd';
import type { Light } from '../api/types';
import { text } from '../i18n';
import { lightColors } from '../palette';

/**
 * A matter's or task's five-colour light as a small dot, named in its tooltip (and beside it when
 * `named`, where there is room); nothing when the server sent none.
 */
export function LightDot({ light, named = false }: { light?: Light; named?: boolean }) {
  if (!light) return null;
  const label = `${text.light.name[light]} · ${text.light.meaning[light]}`;
  const dot = (
    <Tooltip title={label}>
      <span role="img" aria-label={label} className="light-dot" style={{ background: lightColors[light] }} />
    </Tooltip>
  );
  if (!named) return dot;
  return (
    <Flex component="span" align="center" gap={6}>
      {dot}
      {text.light.name[light]}
    </Flex>
  );
}
