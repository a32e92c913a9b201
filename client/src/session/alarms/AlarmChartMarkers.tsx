import type { ReactElement } from 'react';
import { ReferenceDot, ReferenceLine } from 'recharts';
import { MARKER_COLORS, type AlarmChartMarker } from './chartMarkers';

/**
 * The chart's alarm marks as recharts elements (a function, not a component: recharts reads its
 * direct children). Open alarms are filled, cleared ones hollow; the label carries the marker text.
 */
export function renderAlarmMarkers(markers: readonly AlarmChartMarker[]): ReactElement[] {
  return markers.map((marker) => {
    const color = MARKER_COLORS[marker.priority];
    const label = { value: marker.label, fill: color, fontWeight: 700 };
    if (marker.point === null) {
      return (
        <ReferenceLine
          key={marker.key}
          yAxisId="left"
          x={marker.at}
          stroke={color}
          strokeDasharray="3 3"
          label={{ ...label, position: 'insideTop' as const }}
        />
      );
    }
    return (
      <ReferenceDot
        key={marker.key}
        yAxisId={marker.point.axis}
        x={marker.at}
        y={marker.point.value}
        r={marker.open ? 8 : 6}
        fill={marker.open ? color : 'none'}
        stroke={color}
        strokeWidth={3}
        // Beside the dot, clear of the chart's left edge and the baseline labels.
        label={{ ...label, position: 'right' as const }}
      />
    );
  });
}
