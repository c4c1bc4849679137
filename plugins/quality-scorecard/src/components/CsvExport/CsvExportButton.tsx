import { Button } from '@material-ui/core';
import GetAppIcon from '@material-ui/icons/GetApp';

/** Saves `csv()` as `filename` through a download link of a Blob. */
export function downloadCsv(filename: string, csv: string) {
  const url = URL.createObjectURL(
    new Blob([csv], { type: 'text/csv;charset=utf-8' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download starts after click() returns: revoke the URL on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A button that downloads a CSV built when clicked. */
export function CsvExportButton(props: {
  filename: string;
  csv: () => string;
  label?: string;
}) {
  const { filename, csv, label = 'Export CSV' } = props;
  return (
    <Button
      size="small"
      variant="outlined"
      startIcon={<GetAppIcon />}
      data-testid={`csv-export-${filename}`}
      onClick={() => downloadCsv(filename, csv())}
    >
      {label}
    </Button>
  );
}
