/**
 * Table columns shared by the `sluice iam` commands.
 */
import type { AccessKeyMetadata, User } from '@aws-sdk/client-iam';
import { type Column, formatDate, statusStyle } from '../api/output.ts';

export const USER_COLUMNS: Column<User>[] = [
  { header: 'USER', value: (u) => u.UserName ?? '' },
  { header: 'PATH', value: (u) => u.Path ?? '' },
  { header: 'USER ID', value: (u) => u.UserId ?? '' },
  { header: 'CREATED', value: (u) => formatDate(u.CreateDate) },
  { header: 'ARN', value: (u) => u.Arn ?? '' },
];

export const ACCESS_KEY_COLUMNS: Column<AccessKeyMetadata>[] = [
  { header: 'ACCESS KEY ID', value: (k) => k.AccessKeyId ?? '' },
  { header: 'STATUS', value: (k) => k.Status ?? '', style: statusStyle },
  { header: 'USER', value: (k) => k.UserName ?? '' },
  { header: 'CREATED', value: (k) => formatDate(k.CreateDate) },
];
