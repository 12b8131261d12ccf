/** A list's or a request's state as the request screens show it: a tag in the state's colour, named in the screen's language. */
import { Tag } from 'antd';
import type { Names } from '../../i18n.tsx';
import { STATE_COLORS, useQW } from './words.ts';

export function StateTag({ names, state, testId }: { names: Names; state: string; testId?: string }) {
  const { name } = useQW();
  return <Tag color={STATE_COLORS[state]} data-testid={testId}>{name(names, state)}</Tag>;
}
