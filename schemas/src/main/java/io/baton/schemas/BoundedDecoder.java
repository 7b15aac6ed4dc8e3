package io.baton.schemas;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Avro binary of one record, where no string, bytes, array or map may claim more than the bytes left. Avro's own
 * decoder allocates what a length claims before reading it, so 13 bytes claiming a 2 GB string exhaust the heap; here
 * such a record is an {@link EOFException} instead. Every item of Baton's arrays and maps takes at least one byte.
 */
final class BoundedDecoder extends Decoder {
  private final BinaryDecoder in;
  private final InputStream left;

  BoundedDecoder(byte[] data, int offset, int length) {
    this.in = DecoderFactory.get().binaryDecoder(data, offset, length, null);
    this.left = in.inputStream();
  }

  private long claimed(long n, String what) throws IOException {
    if (n < 0 || n > left.available()) {
      throw new EOFException(what + " claims " + n + " but " + left.available() + " bytes are left");
    }
    return n;
  }

  private byte[] lengthPrefixed(String what) throws IOException {
    byte[] bytes = new byte[(int) claimed(in.readLong(), what)];
    in.readFixed(bytes);
    return bytes;
  }

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    return new Utf8(lengthPrefixed("a string"));
  }

  @Override
  public String readString() throws IOException {
    return new String(lengthPrefixed("a string"), StandardCharsets.UTF_8);
  }

  @Override
  public void skipString() throws IOException {
    in.skipFixed((int) claimed(in.readLong(), "a string"));
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    return ByteBuffer.wrap(lengthPrefixed("bytes"));
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipFixed((int) claimed(in.readLong(), "bytes"));
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    claimed(length, "a fixed");
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed((int) claimed(length, "a fixed"));
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public long readArrayStart() throws IOException {
    return claimed(in.readArrayStart(), "an array block");
  }

  @Override
  public long arrayNext() throws IOException {
    return claimed(in.arrayNext(), "an array block");
  }

  @Override
  public long skipArray() throws IOException {
    return claimed(in.skipArray(), "an array block");
  }

  @Override
  public long readMapStart() throws IOException {
    return claimed(in.readMapStart(), "a map block");
  }

  @Override
  public long mapNext() throws IOException {
    return claimed(in.mapNext(), "a map block");
  }

  @Override
  public long skipMap() throws IOException {
    return claimed(in.skipMap(), "a map block");
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }
}
