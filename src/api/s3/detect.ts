/**
 * Which requests are S3's: those signed for the `s3` service, in the Authorization header's
 * credential scope or a presigned URL's `X-Amz-Credential`, whatever their path. The router and
 * the Node adapter (which streams S3 bodies instead of buffering them) both ask here.
 */

const HEADER_SCOPE = /Credential=[^/,\s]+\/\d{8}\/[^/,\s]+\/s3\/aws4_request/;
const QUERY_SCOPE = /^[^/]+\/\d{8}\/[^/]+\/s3\/aws4_request$/;

export function isS3Request(url: URL, headers: Headers): boolean {
  const authorization = headers.get('authorization');
  if (authorization !== null) return HEADER_SCOPE.test(authorization);
  const credential = url.searchParams.get('X-Amz-Credential');
  return credential !== null && QUERY_SCOPE.test(credential);
}
