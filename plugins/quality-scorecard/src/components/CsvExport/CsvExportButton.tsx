import { useState } from 'react';
import { Button, Typography } from '@material-ui/core';
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

/**
 * A button that downloads a CSV built when clicked (`csv` may read what it
 * needs first); a failed read is shown beside the button.
 */
export function CsvExportButton(props: {
  filename: string;
  csv: () => string | Promise<string>;
  label?: string;
}) {
  const { filename, csv, label = 'Export CSV' } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const onClick = async () => {
    setBusy(true);
    setError(undefined);
    try {
      downloadCsv(filename, await csv());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        startIcon={<GetAppIcon />}
        data-testid={`csv-export-${filename}`}
        disabled={busy}
        onClick={onClick}
      >
        {label}
      </Button>
      {error && (
        <Typography variant="body2" color="error" role="alert">
          Export failed: {error}
        </Typography>
      )}
    </>
  );
}
