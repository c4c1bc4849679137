import { Chip } from '@material-ui/core';
import type { LevelInfo } from '@shewhart/plugin-quality-scorecard-common';

const LEVEL_COLOURS: Record<string, string> = {
  bronze: '#cd7f32',
  silver: '#a8a9ad',
  gold: '#d4af37',
};

/** The title of a level id, or the id itself when the level is unknown. */
export function levelTitle(levels: LevelInfo[], id: string | null) {
  if (!id) return 'no level';
  return levels.find(l => l.id === id)?.title ?? id;
}

/** A chip naming the level an entity holds, or "no level". */
export function LevelChip(props: {
  level: string | null;
  levels: LevelInfo[];
  size?: 'small' | 'medium';
}) {
  const { level, levels, size } = props;
  const colour = level ? LEVEL_COLOURS[level.toLowerCase()] : undefined;
  return (
    <Chip
      data-testid="level-chip"
      data-level={level ?? 'none'}
      size={size ?? 'small'}
      label={levelTitle(levels, level)}
      variant={level ? 'default' : 'outlined'}
      style={colour ? { backgroundColor: colour, color: '#000' } : undefined}
    />
  );
}
