// A component's requests to the server, emitted in the order they were made.
//
// NiceGUI holds an event made before its websocket's handshake (a page just opened, or reconnecting) on a timer of its
// own that looks again every 10 ms, so two such events reach the server in either order: "next" twice could end on
// page 2, a box ticked and unticked could end ticked. `emitInOrder` holds a component's events in one queue instead
// and emits them in order once the handshake is done (at once when it is).
const queues = new WeakMap();

export function emitInOrder(component, event, args) {
  let queue = queues.get(component);
  if (!queue) queues.set(component, (queue = []));
  queue.push([event, args]);
  if (queue.length > 1) return; // a flush is waiting for the handshake already
  const flush = () => {
    if (!window.did_handshake) return setTimeout(flush, 10);
    while (queue.length) component.$emit(...queue.shift());
  };
  flush();
}
