package io.falcotcp.sample;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * A FalcoTCP v1 client written from the protocol document alone (plain socket, JDK AES-256-GCM), so the sample is
 * tested the way a client in another language would use it.
 */
final class SpecV1Client implements AutoCloseable {

    private static final SecureRandom random = new SecureRandom();

    private final SecretKeySpec key;

    private final Socket socket;

    private final DataInputStream in;

    private final DataOutputStream out;

    private SpecV1Client(SecretKeySpec key, Socket socket) throws IOException {
        this.key = key;
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
    }

    /**
     * Connects and authenticates: {@code 0x00 ‖ seal(128 random bytes)}, answered by {@code 0xFF}.
     */
    static SpecV1Client connect(int port, String base64Key) throws IOException, GeneralSecurityException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        SpecV1Client client = new SpecV1Client(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
                socket);
        byte[] challenge = new byte[128];
        random.nextBytes(challenge);
        client.out.write(0x00);
        client.out.write(client.seal(challenge));
        client.out.flush();
        int answer = client.in.read();
        if (answer != 0xFF) {
            client.close();
            throw new IOException("authentication refused: " + answer);
        }
        return client;
    }

    /**
     * Sends {@code 0x01 ‖ u64 len ‖ seal(request)} and reads {@code u64 len ‖ seal(response)}.
     * @return the response, {@code null} for the empty response ({@code len = 0})
     */
    byte @Nullable [] request(byte[] request) throws IOException, GeneralSecurityException {
        byte[] sealed = exchange(request);
        return (sealed.length == 0) ? null : open(sealed);
    }

    /**
     * Sends {@code 0x01 ‖ u64 len ‖ seal(request)} and reads {@code u64 len ‖ sealed}.
     * @return the sealed response ({@code len} bytes: {@code nonce ‖ ciphertext ‖ tag}), empty for {@code len = 0}
     */
    byte[] exchange(byte[] request) throws IOException, GeneralSecurityException {
        byte[] sealed = seal(request);
        this.out.write(0x01);
        this.out.writeLong(sealed.length);
        this.out.write(sealed);
        this.out.flush();
        byte[] response = new byte[Math.toIntExact(this.in.readLong())];
        this.in.readFully(response);
        return response;
    }

    /**
     * Opens a sealed response: {@code nonce[12] ‖ ciphertext ‖ tag[16]}.
     */
    byte[] open(byte[] sealed) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(128, sealed, 0, 12));
        return cipher.doFinal(sealed, 12, sealed.length - 12);
    }

    private byte[] seal(byte[] plaintext) throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(128, nonce));
        byte[] ciphertext = cipher.doFinal(plaintext);
        return ByteBuffer.allocate(12 + ciphertext.length).put(nonce).put(ciphertext).array();
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }

}
