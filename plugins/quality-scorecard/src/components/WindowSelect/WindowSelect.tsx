import { FormControl, InputLabel, MenuItem, Select } from '@material-ui/core';

/** The windows a person can pick, in days. */
export const WINDOW_DAYS = [28, 90, 180] as const;

/** Picks the window the scorecard covers: the last 28, 90 or 180 days. */
export function WindowSelect(props: {
  days: number;
  onChange: (days: number) => void;
}) {
  const { days, onChange } = props;
  return (
    <FormControl size="small" style={{ minWidth: 140 }}>
      <InputLabel id="quality-window-label">Window</InputLabel>
      <Select
        labelId="quality-window-label"
        value={days}
        onChange={e => onChange(Number(e.target.value))}
        data-testid="window-select"
      >
        {WINDOW_DAYS.map(d => (
          <MenuItem key={d} value={d}>
            Last {d} days
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
