import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
const src = process.argv[2]
const r = await build({ stdin: { contents: src, resolveDir: process.cwd() }, bundle: true, minify: true, write: false, format: 'esm', platform: 'browser', metafile: true })
const code = r.outputFiles[0].contents
console.log(code.length, gzipSync(code).length)
const ins = Object.values(r.metafile.outputs)[0].inputs
console.log(Object.entries(ins).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput).map(([k,v])=>k+' '+v.bytesInOutput).join('\n'))
