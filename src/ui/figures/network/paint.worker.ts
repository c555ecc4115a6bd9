/**
 * The Network figure's painter: draws on canvases the page handed over (transferControlToOffscreen),
 * so the drawing and its hand-over to the compositor never hold up the page's thread. On software
 * graphics that hand-over waited on the busy GPU process for tens to hundreds of ms a frame.
 */
import type { PainterMessage } from './painter';
import { drawNetwork } from './draw';

const canvases = new Map<number, OffscreenCanvas>();

self.onmessage = (event: MessageEvent<PainterMessage>) => {
  const message = event.data;
  if (message.type === 'adopt') canvases.set(message.id, message.canvas);
  else if (message.type === 'release') canvases.delete(message.id);
  else {
    const canvas = canvases.get(message.id);
    if (canvas) drawNetwork(canvas, message.frame, message.drawing, message.layerNames);
  }
};
