/** An event of the bus as `/console/live` sends it: an EventBridge envelope. */
export interface BusEvent {
  id: string;
  'detail-type': string;
  source: string;
  time: string;
  resources: string[];
  detail: Record<string, unknown>;
}
