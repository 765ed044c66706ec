/** The modeler's play mode: the toggle for its toolbar and the panel under its canvas (PlayPanel). */
import { useCallback, useState, type RefObject } from 'react';
import { Button } from 'antd';
import { PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import type Modeler from 'bpmn-js/lib/Modeler';
import { text } from '../../../i18n';
import { PlayPanel } from './PlayPanel';

export function usePlay(modelerRef: RefObject<Modeler | undefined>) {
  const [playing, setPlaying] = useState(false);
  const stop = useCallback(() => setPlaying(false), []);
  const modeler = modelerRef.current;
  const button = (
    <Button icon={playing ? <PauseCircleOutlined /> : <PlayCircleOutlined />} aria-pressed={playing} onClick={() => setPlaying(!playing)}>
      {playing ? text.play.stop : text.play.toggle}
    </Button>
  );
  const panel = playing && modeler ? <PlayPanel modeler={modeler} onStop={stop} /> : null;
  return { playing, button, panel };
}
