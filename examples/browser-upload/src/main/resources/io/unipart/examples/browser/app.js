// Slices the chosen file into the parts the server planned, PUTs them to the presigned part
// URLs (at most CONCURRENCY at once, each tried up to ATTEMPTS times), and asks the server to
// complete with each part's ETag. The server checks them against the storage's own listing.
'use strict';

const CONCURRENCY = 4;
const ATTEMPTS = 3;

const $ = (id) => document.getElementById(id);

function say(text) {
  $('status').textContent = text;
}

async function api(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) {
    throw new Error(json.error || ('HTTP ' + response.status));
  }
  return json;
}

// One PUT with upload progress (fetch has none); resolves to the part's ETag.
function put(url, blob, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      const etag = xhr.getResponseHeader('ETag');
      if (xhr.status >= 200 && xhr.status < 300 && etag) {
        resolve(etag);
      } else {
        reject(new Error('HTTP ' + xhr.status + (etag ? '' : ', no ETag (is it exposed by CORS?)')));
      }
    };
    xhr.onerror = () => reject(new Error('network error (CORS?)'));
    xhr.send(blob);
  });
}

async function upload(file) {
  const started = await api('/api/uploads', { name: file.name, size: file.size, type: file.type });
  const { id, partSize, parts } = started;
  const numbers = Array.from({ length: parts }, (_, i) => i + 1);
  const urls = (await api('/api/uploads/' + id + '/urls', { parts: numbers })).urls;
  const sent = new Array(parts + 1).fill(0);
  const etags = [];
  const show = () => {
    const done = sent.reduce((a, b) => a + b, 0);
    $('progress').value = Math.floor(done * 100 / file.size);
    say('sending ' + started.key + ': ' + done + ' of ' + file.size + ' bytes');
  };
  let next = 0;
  async function worker() {
    while (next < parts) {
      const n = numbers[next++];
      const blob = file.slice((n - 1) * partSize, Math.min(file.size, n * partSize));
      for (let attempt = 1; ; attempt++) {
        try {
          etags.push({ partNumber: n, etag: await put(urls[n - 1].url, blob, (loaded) => {
            sent[n] = loaded;
            show();
          }) });
          break;
        } catch (e) {
          sent[n] = 0;
          if (attempt >= ATTEMPTS) {
            throw new Error('part ' + n + ': ' + e.message);
          }
        }
      }
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, parts) }, worker));
  } catch (e) {
    await api('/api/uploads/' + id + '/abort', {}).catch(() => {});
    throw e;
  }
  etags.sort((a, b) => a.partNumber - b.partNumber);
  return api('/api/uploads/' + id + '/complete', { parts: etags });
}

$('upload').addEventListener('click', async () => {
  const file = $('file').files[0];
  if (!file) {
    say('choose a file first');
    return;
  }
  $('upload').disabled = true;
  try {
    const done = await upload(file);
    $('progress').value = 100;
    say('done: ' + done.key + ' (' + done.size + ' bytes, ETag ' + done.etag + ')');
  } catch (e) {
    say('failed: ' + e.message);
  } finally {
    $('upload').disabled = false;
  }
});
