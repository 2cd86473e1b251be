package io.falcotcp.testsupport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.github.luben.zstd.Zstd;
import net.jpountz.lz4.LZ4Factory;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * A FalcoTCP 0.2 peer written from the format's description, with a plain socket, the JDK's AES-GCM and each codec
 * library's own API: {@code size: u64 LE ‖ compression: u8 ‖ nonce ‖ AES-GCM(compressed) ‖ tag}. No project codec or
 * cipher is involved.
 */
public final class V02Wire implements AutoCloseable {

    public static final int NONE = 0;

    public static final int LZMA = 1;

    public static final int GZIP = 2;

    public static final int LZ4 = 3;

    public static final int ZSTD = 4;

    private static final SecureRandom random = new SecureRandom();

    private final Socket socket;

    private final DataInputStream in;

    private final OutputStream out;

    private final SecretKeySpec key;

    private V02Wire(Socket socket, byte[] key) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Connects to a 0.2 server on 127.0.0.1. */
    public static V02Wire open(int port, byte[] key) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return over(socket, key);
    }

    /** Speaks 0.2 on a connected socket, the server's side of it too. */
    public static V02Wire over(Socket socket, byte[] key) throws IOException {
        socket.setSoTimeout(30_000);
        return new V02Wire(socket, key);
    }

    /** Sends a message compressed with {@code code}, sealed. */
    public void send(byte[] message, int code) throws IOException, GeneralSecurityException {
        sendFrame(seal(compress(message, code)), code);
    }

    /** Sends a frame of the given payload as it is. */
    public void sendFrame(byte[] payload, int code) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).putLong(payload.length)
                .put((byte) code);
        this.out.write(header.array());
        this.out.write(payload);
        this.out.flush();
    }

    /** Sends only a header announcing {@code size}. */
    public void sendHeader(long size, int code) throws IOException {
        this.out.write(ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).putLong(size).put((byte) code).array());
        this.out.flush();
    }

    /** Reads a frame: its compression code and its raw payload. */
    public Frame readFrame() throws IOException {
        byte[] header = new byte[9];
        this.in.readFully(header);
        long size = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] payload = new byte[Math.toIntExact(size)];
        this.in.readFully(payload);
        return new Frame(header[8] & 0xFF, payload);
    }

    /** Reads a response frame, opens and decompresses it. */
    public Frame readMessage() throws IOException, GeneralSecurityException {
        Frame frame = readFrame();
        return new Frame(frame.code(), decompress(open(frame.payload()), frame.code()));
    }

    /** Whether the server closed the connection (end of stream) within the socket timeout. */
    public boolean closedByServer() throws IOException {
        try {
            return this.in.read() < 0;
        }
        catch (java.net.SocketException ex) {
            return true;
        }
    }

    public byte[] seal(byte[] plaintext) throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(128, nonce));
        byte[] sealed = Arrays.copyOf(nonce, 12 + plaintext.length + 16);
        cipher.doFinal(plaintext, 0, plaintext.length, sealed, 12);
        return sealed;
    }

    public byte[] open(byte[] sealed) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(128, sealed, 0, 12));
        return cipher.doFinal(sealed, 12, sealed.length - 12);
    }

    public static byte[] compress(byte[] message, int code) throws IOException {
        switch (code) {
            case NONE:
                return message;
            case LZMA: {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (XZOutputStream xz = new XZOutputStream(bytes, new LZMA2Options())) {
                    xz.write(message);
                }
                return bytes.toByteArray();
            }
            case GZIP: {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
                    gzip.write(message);
                }
                return bytes.toByteArray();
            }
            case LZ4: {
                byte[] block = LZ4Factory.safeInstance().fastCompressor().compress(message);
                return ByteBuffer.allocate(8 + block.length).putLong(message.length).put(block).array();
            }
            case ZSTD:
                return Zstd.compress(message);
            default:
                throw new IllegalArgumentException("code " + code);
        }
    }

    public static byte[] decompress(byte[] data, int code) throws IOException {
        switch (code) {
            case NONE:
                return data;
            case LZMA:
                return new XZInputStream(new ByteArrayInputStream(data)).readAllBytes();
            case GZIP:
                return new GZIPInputStream(new ByteArrayInputStream(data)).readAllBytes();
            case LZ4: {
                int length = Math.toIntExact(ByteBuffer.wrap(data).getLong());
                return LZ4Factory.safeInstance().fastDecompressor().decompress(data, 8, length);
            }
            case ZSTD:
                return Zstd.decompress(data, Math.toIntExact(Zstd.getFrameContentSize(data)));
            default:
                throw new IllegalArgumentException("code " + code);
        }
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }

    /**
     * A frame as read.
     *
     * @param code its compression code
     * @param payload its payload, or the message once opened
     */
    public record Frame(int code, byte[] payload) {
    }

}
